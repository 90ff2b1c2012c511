package io.passport.customers.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Makes text from a server safe to print on a terminal, and fits it to a column. Control characters
 * (C0, DEL, C1), line and paragraph separators, unpaired surrogates and the bidirectional overrides,
 * embeddings, isolates and marks are shown as visible escapes ({@code \u001b}), so a value cannot
 * clear, retitle or recolour the terminal, ring its bell, or reverse the text after it. Fitting cuts
 * only between grapheme clusters (an emoji with its modifiers, a letter with its accents, an escape
 * as a whole) and counts East Asian wide characters and emoji as two columns. Stateless.
 */
final class TerminalText {
  private static final Pattern GRAPHEME = Pattern.compile("\\X");

  private TerminalText() {}

  /** Whether a code point must not reach a terminal as it is. */
  static boolean unsafe(int cp) {
    return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f)
        || cp == 0x2028 || cp == 0x2029
        || (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069)
        || cp == 0x200e || cp == 0x200f || cp == 0x061c
        || (cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE);
  }

  /** {@code text} with every unsafe code point replaced by its visible escape; null becomes "". */
  static String escape(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(text.length());
    text.codePoints().forEach(cp -> appendSafe(out, cp));
    return out.toString();
  }

  /**
   * {@code text} escaped and cut to at most {@code width} terminal columns, ending in {@code …} when
   * cut; then padded with spaces to exactly {@code width} columns when {@code pad} is set.
   */
  static String fit(String text, int width, boolean pad) {
    String value = text == null ? "" : text;
    return plain(value) ? fitPlain(value, width, pad) : fitClusters(value, width, pad);
  }

  /**
   * Whether every character of {@code text} is printable ASCII or a Latin letter of U+00C0 to U+024F (and
   * the two signs × and ÷ among them): each such character is safe, one column wide, and a grapheme
   * cluster of its own, since none of them is a mark, a control, a joiner or a part of a Hangul syllable.
   * Such text, most of what a listing holds, is fitted without the cluster search.
   */
  static boolean plain(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (!(c >= 0x20 && c < 0x7f || c >= 0xc0 && c <= 0x24f)) {
        return false;
      }
    }
    return true;
  }

  /** {@link #fitClusters} for {@linkplain #plain plain} text, where a character is a cluster one column wide. */
  private static String fitPlain(String text, int width, boolean pad) {
    StringBuilder out = new StringBuilder(Math.max(width, 1));
    int used;
    if (text.length() <= width) {
      out.append(text);
      used = text.length();
    } else {
      out.append(text, 0, Math.max(width - 1, 0)).append('…');
      used = Math.max(width - 1, 0) + 1;
    }
    if (pad && used < width) {
      out.append(" ".repeat(width - used));
    }
    return out.toString();
  }

  /** {@link #fit} for any text: cluster by cluster, each escaped and measured. */
  static String fitClusters(String text, int width, boolean pad) {
    List<String> units = new ArrayList<>();
    List<Integer> widths = new ArrayList<>();
    Matcher m = GRAPHEME.matcher(text);
    while (m.find()) {
      String cluster = m.group();
      String safe = escape(cluster);
      units.add(safe);
      widths.add(safe.equals(cluster) ? width(cluster) : safe.length());
    }
    int total = widths.stream().mapToInt(Integer::intValue).sum();
    StringBuilder out = new StringBuilder();
    int used = 0;
    if (total <= width) {
      units.forEach(out::append);
      used = total;
    } else {
      // Whole units (a grapheme cluster, or one escape) up to one column short, then the ellipsis.
      for (int i = 0; i < units.size() && used + widths.get(i) <= width - 1; i++) {
        out.append(units.get(i));
        used += widths.get(i);
      }
      out.append('…');
      used++;
    }
    if (pad && used < width) {
      out.append(" ".repeat(width - used));
    }
    return out.toString();
  }

  /** The columns a grapheme cluster takes: 2 if it holds a wide character or an emoji, 0 if only marks. */
  static int width(String cluster) {
    int width = 0;
    for (int i = 0; i < cluster.length(); ) {
      int cp = cluster.codePointAt(i);
      i += Character.charCount(cp);
      width = Math.max(width, codePointWidth(cp));
    }
    return width;
  }

  private static int codePointWidth(int cp) {
    int type = Character.getType(cp);
    if (type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK || type == Character.FORMAT) {
      return 0;
    }
    boolean wide = (cp >= 0x1100 && cp <= 0x115f) || (cp >= 0x2e80 && cp <= 0xa4cf && cp != 0x303f)
        || (cp >= 0xac00 && cp <= 0xd7a3) || (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0xfe30 && cp <= 0xfe4f)
        || (cp >= 0xff00 && cp <= 0xff60) || (cp >= 0xffe0 && cp <= 0xffe6)
        || (cp >= 0x1f300 && cp <= 0x1f64f) || (cp >= 0x1f900 && cp <= 0x1f9ff) || (cp >= 0x1f680 && cp <= 0x1f6ff)
        || (cp >= 0x1f1e6 && cp <= 0x1f1ff) || (cp >= 0x20000 && cp <= 0x3fffd);
    return wide ? 2 : 1;
  }

  private static void appendSafe(StringBuilder out, int cp) {
    if (unsafe(cp)) {
      out.append(String.format("\\u%04x", cp));
    } else {
      out.appendCodePoint(cp);
    }
  }
}
