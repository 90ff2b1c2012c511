package io.passport.customers.cli;

/**
 * RFC 4180 CSV cells, with the OWASP rule against CSV injection: a cell that begins with {@code =},
 * {@code +}, {@code -}, {@code @}, a tab or a carriage return (which a spreadsheet may run as a
 * formula) gets a leading apostrophe ({@code '}), and is quoted like any cell holding a quote, comma,
 * line break or edge whitespace. Neutralising can be switched off ({@code --csv-raw}) for pipelines that
 * want the values exactly as sent. Stateless.
 */
final class CsvCells {
  private CsvCells() {}

  /** Whether a spreadsheet could take this value as a formula (OWASP's list of leading characters). */
  static boolean formulaLike(String value) {
    if (value.isEmpty()) {
      return false;
    }
    char first = value.charAt(0);
    return first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r';
  }

  /** One cell, quoted when needed; neutralised when {@code neutralise} is set and it looks like a formula. */
  static String cell(String value, boolean neutralise) {
    String v = value == null ? "" : value;
    boolean neutralised = neutralise && formulaLike(v);
    if (neutralised) {
      v = "'" + v;
    }
    boolean quote = neutralised || v.indexOf('"') >= 0 || v.indexOf(',') >= 0 || v.indexOf('\n') >= 0
        || v.indexOf('\r') >= 0 || !v.equals(v.strip());
    return quote ? '"' + v.replace("\"", "\"\"") + '"' : v;
  }
}
