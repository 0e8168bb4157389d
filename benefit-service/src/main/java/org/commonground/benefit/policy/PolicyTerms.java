package org.commonground.benefit.policy;

import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.commonground.benefit.preference.RewardFormat;
import org.commonground.platform.problem.Problem;
import org.commonground.platform.problem.ProblemException;
import org.commonground.platform.validation.PlainText;

/**
 * The terms of a policy version as a steward writes them. Numbers are decimal strings: weights and multipliers
 * {@code 0}–{@code 9999.99}; {@code capShare} and {@code floorShare} are fractions of a pool ({@code 0.25} = a quarter)
 * with at most 6 decimals; {@code recentDecay} is the factor a point keeps per period of age (above 0, at most 1).
 */
public record PolicyTerms(
        @NotNull(message = "is required") UUID partnershipId,
        @NotNull(message = "is required: a weight for every contribution type") Map<String, String> weights,
        Map<String, String> impactMultipliers,
        String capShare,
        String floorShare,
        String recentDecay,
        @NotEmpty(message = "must offer at least one of STIPEND, PROFESSIONAL_DEVELOPMENT, EXPOSURE") List<RewardFormat> formats,
        @NotNull(message = "is required: when the community reviews this policy") LocalDate reviewOn,
        @Size(max = 2000, message = "must be at most 2000 characters") @PlainText(multiline = true) String changeNote) {

    private static final Pattern WEIGHT = Pattern.compile("\\d{1,4}(\\.\\d{1,2})?");
    private static final Pattern SHARE = Pattern.compile("(0|1)(\\.\\d{1,6})?");
    private static final Pattern DECAY = Pattern.compile("(0|1)(\\.\\d{1,4})?");
    private static final Map<String, String> DEFAULT_MULTIPLIERS = Map.of("LOW", "1", "MEDIUM", "2", "HIGH", "3");
    public static final String DEFAULT_DECAY = "0.5";

    /** Checks what annotations cannot, naming every offending field; writes the terms onto the policy. */
    public void applyTo(BenefitPolicy policy, LocalDate today) {
        List<Problem.FieldError> errors = new ArrayList<>();
        StringBuilder weightText = new StringBuilder();
        for (String key : weights.keySet()) {
            if (!isType(key)) {
                errors.add(new Problem.FieldError("weights." + key, "is not a contribution type (one of " + List.of(ContributionType.values()) + ")"));
            }
        }
        for (ContributionType type : ContributionType.values()) {
            String value = weights.get(type.name());
            if (value == null) {
                errors.add(new Problem.FieldError("weights." + type.name(), "is missing: give every contribution type a weight (0 to not count it)"));
            } else if (!WEIGHT.matcher(value).matches()) {
                errors.add(new Problem.FieldError("weights." + type.name(), "must be a decimal string from 0 to 9999.99, such as \"1.5\" (never negative)"));
            } else {
                weightText.append(weightText.isEmpty() ? "" : ",").append(type.name()).append('=').append(new BigDecimal(value).toPlainString());
            }
        }
        Map<String, String> multipliers = impactMultipliers == null ? DEFAULT_MULTIPLIERS : impactMultipliers;
        for (String key : multipliers.keySet()) {
            if (!List.of("LOW", "MEDIUM", "HIGH").contains(key)) {
                errors.add(new Problem.FieldError("impactMultipliers." + key, "is not an impact level (LOW, MEDIUM, HIGH)"));
            }
        }
        BigDecimal[] m = new BigDecimal[3];
        String[] levels = { "LOW", "MEDIUM", "HIGH" };
        for (int i = 0; i < 3; i++) {
            String value = multipliers.containsKey(levels[i]) ? multipliers.get(levels[i]) : DEFAULT_MULTIPLIERS.get(levels[i]);
            if (value == null || !WEIGHT.matcher(value).matches()) {
                errors.add(new Problem.FieldError("impactMultipliers." + levels[i], "must be a decimal string from 0 to 9999.99, such as \"2\""));
            } else {
                m[i] = new BigDecimal(value);
            }
        }
        BigDecimal cap = share("capShare", capShare, errors);
        BigDecimal floor = share("floorShare", floorShare, errors);
        if (cap != null && cap.signum() == 0) {
            errors.add(new Problem.FieldError("capShare", "must be above 0 (leave it out for no cap)"));
        }
        if (cap != null && floor != null && floor.compareTo(cap) > 0) {
            errors.add(new Problem.FieldError("floorShare", "must not be above capShare: a cap below the floor cannot both hold"));
        }
        BigDecimal decay = null;
        String decayText = recentDecay == null ? DEFAULT_DECAY : recentDecay;
        if (!DECAY.matcher(decayText).matches() || new BigDecimal(decayText).signum() == 0 || new BigDecimal(decayText).compareTo(BigDecimal.ONE) > 0) {
            errors.add(new Problem.FieldError("recentDecay", "must be a decimal string above 0 and at most 1, with at most 4 decimals, such as \"0.5\""));
        } else {
            decay = new BigDecimal(decayText);
        }
        if (formats != null && new HashSet<>(formats).size() != formats.size()) {
            errors.add(new Problem.FieldError("formats", "names a format twice"));
        }
        if (formats != null && formats.contains(null)) {
            errors.add(new Problem.FieldError("formats", "must be STIPEND, PROFESSIONAL_DEVELOPMENT or EXPOSURE"));
        }
        if (!reviewOn.isAfter(today)) {
            errors.add(new Problem.FieldError("reviewOn", "must be a date after today"));
        } else if (reviewOn.isAfter(today.plusYears(5))) {
            errors.add(new Problem.FieldError("reviewOn", "must be within five years: a policy is reviewed at least that often"));
        }
        if (!errors.isEmpty()) {
            throw new ProblemException(Problem.invalid(errors.get(0).field() + ": " + errors.get(0).message(), errors));
        }
        policy.weights = weightText.toString();
        policy.multiplierLow = m[0];
        policy.multiplierMedium = m[1];
        policy.multiplierHigh = m[2];
        policy.capShare = cap;
        policy.floorShare = floor;
        policy.recentDecay = decay;
        policy.formats = String.join(",", formats.stream().map(Enum::name).toList());
        policy.reviewOn = reviewOn;
        policy.changeNote = changeNote == null || changeNote.isBlank() ? null : changeNote.strip();
    }

    private static boolean isType(String key) {
        for (ContributionType t : ContributionType.values()) {
            if (t.name().equals(key)) {
                return true;
            }
        }
        return false;
    }

    private static BigDecimal share(String field, String value, List<Problem.FieldError> errors) {
        if (value == null) {
            return null;
        }
        if (!SHARE.matcher(value).matches() || new BigDecimal(value).compareTo(BigDecimal.ONE) > 0) {
            errors.add(new Problem.FieldError(field, "must be a fraction of the pool from 0 to 1 with at most 6 decimals, such as \"0.25\""));
            return null;
        }
        return new BigDecimal(value);
    }
}
