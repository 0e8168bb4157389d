-- Some currencies have three minor digits (BHD, KWD, ...): amounts keep all of them.
ALTER TABLE guideline_version ALTER COLUMN funding_amount TYPE numeric(15,3);
ALTER TABLE budget_line ALTER COLUMN planned TYPE numeric(15,3);
ALTER TABLE budget_actual ALTER COLUMN amount TYPE numeric(15,3);
