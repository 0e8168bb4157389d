package org.commonground.platform.http;

/** CSV as the API writes it (RFC 4180), safe to open in a spreadsheet. */
public final class Csv {

    /** The media type a CSV answer declares. */
    public static final String MEDIA_TYPE = "text/csv; charset=utf-8";

    private Csv() {
    }

    /** A quoted field; a leading =, +, - or @ is defused so that a spreadsheet never runs it as a formula. */
    public static String field(Object value) {
        String text = value == null ? "" : value.toString();
        if (!text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0) {
            text = "'" + text;
        }
        return "\"" + text.replace("\"", "\"\"") + "\"";
    }

    /** One record: its fields quoted, separated by commas, ended by CRLF. */
    public static String row(Object... fields) {
        StringBuilder row = new StringBuilder();
        for (int i = 0; i < fields.length; i++) {
            row.append(i == 0 ? "" : ",").append(field(fields[i]));
        }
        return row.append("\r\n").toString();
    }
}
