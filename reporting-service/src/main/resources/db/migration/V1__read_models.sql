-- The read models reporting builds from the event streams, and how fresh each is.
CREATE TABLE read_model (
    name             varchar(64) PRIMARY KEY,
    description      varchar(400) NOT NULL,
    events_applied   bigint      NOT NULL DEFAULT 0,
    last_event_at    timestamptz,
    rebuilt_at       timestamptz
);
INSERT INTO read_model (name, description) VALUES
  ('scorecard', 'The balanced scorecard per partnership and period'),
  ('participation-gaps', 'Participation by affinity group, small groups suppressed'),
  ('transparency-report', 'Funding, decisions and benefit sharing per partnership'),
  ('dashboard', 'The public dashboard');
