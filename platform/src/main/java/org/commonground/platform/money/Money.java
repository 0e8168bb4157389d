package org.commonground.platform.money;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Currency;
import java.util.List;
import java.util.regex.Pattern;
import org.commonground.platform.problem.Problem;
import org.commonground.platform.problem.ProblemException;

/**
 * An amount of money as the API writes it: a decimal string (never a float) with an ISO-4217 currency. Amounts have
 * at most 12 digits before the point and the currency's minor digits after it.
 */
public record Money(BigDecimal amount, String currency) {

    private static final Pattern DECIMAL = Pattern.compile("\\d{1,12}(\\.\\d{1,3})?");

    /** Reads an amount and its currency from a request; a 400 names the field that is wrong. */
    public static Money parse(String amountField, String amount, String currencyField, String currency) {
        Currency unit = currency(currencyField, currency);
        if (amount == null || !DECIMAL.matcher(amount).matches()) {
            throw invalid(amountField, "must be a decimal string such as \"1250.00\" (no sign, at most 12 digits before the point)");
        }
        BigDecimal value = new BigDecimal(amount);
        int digits = Math.max(unit.getDefaultFractionDigits(), 0);
        if (value.scale() > digits) {
            throw invalid(amountField, "has more decimals than " + unit.getCurrencyCode() + " has (" + digits + ")");
        }
        return new Money(value.setScale(digits, RoundingMode.UNNECESSARY), unit.getCurrencyCode());
    }

    public static Currency currency(String field, String code) {
        if (code == null || !code.matches("[A-Z]{3}")) {
            throw invalid(field, "must be an ISO-4217 currency code such as EUR or USD");
        }
        try {
            return Currency.getInstance(code);
        } catch (IllegalArgumentException e) {
            throw invalid(field, "'" + code + "' is not an ISO-4217 currency");
        }
    }

    /** The amount as the API writes it: "1250.00". */
    public static String text(BigDecimal amount, String currency) {
        int digits = Math.max(Currency.getInstance(currency.strip()).getDefaultFractionDigits(), 0);
        return amount.setScale(digits, RoundingMode.HALF_EVEN).toPlainString();
    }

    private static ProblemException invalid(String field, String message) {
        return new ProblemException(Problem.invalid(field + ": " + message, List.of(new Problem.FieldError(field, message))));
    }
}
