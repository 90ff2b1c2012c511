package io.passport.customers.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every relative link of the documentation (README.md, CONTRIBUTING.md, docs/*.md, contracts/*.md) names a
 * file or folder that exists, and every {@code #anchor} into a Markdown page (or within one) names one of
 * its headings, as GitHub makes anchors of them. Links inside code (fenced blocks and {@code `spans`}) are
 * text, not links, and are left alone; so are absolute ones ({@code https:}, {@code mailto:}). A broken
 * link fails naming the page, the line and the link.
 */
class DocLinksTest {
  /** An inline link or image: {@code [text](target)} or {@code [text](target "title")}. */
  private static final Pattern INLINE = Pattern.compile("!?\\[[^\\]]*\\]\\(\\s*<?([^)\\s>]*)>?(?:\\s+\"[^\"]*\")?\\s*\\)");
  /** A reference definition: {@code [label]: target}. */
  private static final Pattern REFERENCE = Pattern.compile("^\\s{0,3}\\[[^\\]]+\\]:\\s*<?(\\S+?)>?(?:\\s.*)?$");
  private static final Pattern SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*:");
  private static final Pattern HEADING = Pattern.compile("^ {0,3}#{1,6}\\s+(.*?)\\s*#*\\s*$");
  private static final Pattern FENCE = Pattern.compile("^\\s*(```|~~~)");

  @Test
  void everyRelativeLinkOfTheDocumentationNamesAFileAndAHeadingThatExist() throws IOException {
    List<Path> pages = pages(Path.of(""));

    assertThat(pages).as("the documentation's pages").extracting(Path::toString)
        .contains("README.md", "CONTRIBUTING.md", Path.of("docs", "client.md").toString(),
            Path.of("contracts", "PROVIDER.md").toString());
    List<String> broken = new ArrayList<>();
    int links = 0;
    for (Path page : pages) {
      List<Link> found = links(page);
      links += found.size();
      broken.addAll(broken(found));
    }
    assertThat(links).as("relative links found in " + pages).isGreaterThan(10);
    assertThat(broken).as("broken relative links").isEmpty();
  }

  @Test
  void aMissingFileOrHeadingIsNamedWithItsPageAndLineAndCodeIsNotALink(@TempDir Path root) throws IOException {
    Files.createDirectories(root.resolve("docs"));
    Files.writeString(root.resolve("README.md"), String.join("\n",
        "# Title",
        "See [the client](docs/client.md#paging) and [gone](docs/gone.md), [up](#title), [nowhere](#nowhere).",
        "`[code](not/a/link.md)` and https://example.com [web](https://example.com/x.md)",
        "```",
        "[fenced](not/a/link/either.md)",
        "```",
        "[ref]: docs/client.md#retries-one-layer-one-rule",
        "[bad ref]: docs/client.md#retries",
        ""));
    Files.writeString(root.resolve("docs").resolve("client.md"), String.join("\n",
        "# Using the client", "## Paging", "## Retries: one layer, one rule", "## Paging", "[back](../README.md)", ""));

    List<String> broken = new ArrayList<>();
    for (Path page : pages(root)) {
      broken.addAll(broken(links(page)));
    }

    String readme = root.resolve("README.md").toString();
    assertThat(broken).containsExactlyInAnyOrder(
        readme + ":2: (docs/gone.md): no such file",
        readme + ":2: (#nowhere): no heading with that anchor in " + root.resolve("README.md"),
        readme + ":8: (docs/client.md#retries): no heading with that anchor in " + root.resolve("docs/client.md"));
  }

  @Test
  void anchorsAreMadeAsGitHubMakesThem() {
    assertThat(anchors(List.of("# Using the client", "## Retries: one layer, one rule", "## Wire decisions of spec 2.0.0",
        "## The Java API's compatibility gate", "## Paging", "## Paging", "### `--resume` and `FILE.part`")))
        .containsExactly("using-the-client", "retries-one-layer-one-rule", "wire-decisions-of-spec-200",
            "the-java-apis-compatibility-gate", "paging", "paging-1", "--resume-and-filepart");
  }

  /** A link as written on a page. */
  record Link(Path page, int line, String target) {}

  /** README.md, CONTRIBUTING.md, docs/*.md and contracts/*.md under {@code root}, those that exist. */
  static List<Path> pages(Path root) {
    List<Path> pages = new ArrayList<>();
    for (String top : List.of("README.md", "CONTRIBUTING.md")) {
      if (Files.isRegularFile(root.resolve(top))) {
        pages.add(root.resolve(top));
      }
    }
    for (String folder : List.of("docs", "contracts")) {
      try (Stream<Path> files = Files.list(root.resolve(folder))) {
        files.filter(f -> f.toString().endsWith(".md")).sorted().forEach(pages::add);
      } catch (NoSuchFileException none) {
        // the folder is not there: nothing to read in it
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return pages;
  }

  /** The relative links of {@code page}, outside fenced blocks and code spans. */
  static List<Link> links(Path page) throws IOException {
    List<Link> links = new ArrayList<>();
    List<String> lines = Files.readAllLines(page, StandardCharsets.UTF_8);
    boolean fenced = false;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (FENCE.matcher(line).find()) {
        fenced = !fenced;
        continue;
      }
      if (fenced) {
        continue;
      }
      String text = line.replaceAll("`[^`]*`", "``");
      List<String> targets = new ArrayList<>();
      Matcher inline = INLINE.matcher(text);
      while (inline.find()) {
        targets.add(inline.group(1));
      }
      Matcher reference = REFERENCE.matcher(text);
      if (reference.matches()) {
        targets.add(reference.group(1));
      }
      for (String target : targets) {
        if (!target.isEmpty() && !SCHEME.matcher(target).find()) {
          links.add(new Link(page, i + 1, target));
        }
      }
    }
    return links;
  }

  /** What is wrong with each of {@code links}, as {@code PAGE:LINE: (LINK): WHY}; empty when nothing is. */
  static List<String> broken(List<Link> links) throws IOException {
    List<String> broken = new ArrayList<>();
    Map<Path, Set<String>> anchors = new HashMap<>();
    for (Link link : links) {
      int hash = link.target().indexOf('#');
      String file = hash < 0 ? link.target() : link.target().substring(0, hash);
      String anchor = hash < 0 ? null : link.target().substring(hash + 1);
      Path target = file.isEmpty() ? link.page() : link.page().resolveSibling(file).normalize();
      String where = link.page() + ":" + link.line() + ": (" + link.target() + "): ";
      if (!Files.exists(target)) {
        broken.add(where + "no such file");
      } else if (anchor != null && target.toString().endsWith(".md") && Files.isRegularFile(target)) {
        Set<String> known = anchors.get(target);
        if (known == null) {
          known = anchors(headings(target));
          anchors.put(target, known);
        }
        if (!known.contains(anchor)) {
          broken.add(where + "no heading with that anchor in " + target);
        }
      }
    }
    return broken;
  }

  private static List<String> headings(Path page) throws IOException {
    List<String> headings = new ArrayList<>();
    boolean fenced = false;
    for (String line : Files.readAllLines(page, StandardCharsets.UTF_8)) {
      if (FENCE.matcher(line).find()) {
        fenced = !fenced;
      } else if (!fenced && HEADING.matcher(line).matches()) {
        headings.add(line);
      }
    }
    return headings;
  }

  /**
   * The anchors GitHub gives {@code headings}: the text lower-cased, without markup and punctuation other
   * than {@code -} and {@code _}, spaces made {@code -}; a repeated one gets {@code -1}, {@code -2}, ...
   */
  static Set<String> anchors(List<String> headings) {
    Set<String> anchors = new LinkedHashSet<>();
    Map<String, Integer> seen = new HashMap<>();
    for (String heading : headings) {
      Matcher m = HEADING.matcher(heading);
      if (!m.matches()) {
        continue;
      }
      String text = m.group(1).replaceAll("\\[([^\\]]*)\\]\\([^)]*\\)", "$1").toLowerCase(Locale.ROOT);
      String slug = text.replaceAll("[^\\p{L}\\p{N}\\s_-]", "").replace(' ', '-');
      int count = seen.merge(slug, 1, Integer::sum);
      anchors.add(count == 1 ? slug : slug + "-" + (count - 1));
    }
    return anchors;
  }
}
