// Syntax check of C# sources with the tree-sitter C# grammar (tree-sitter-c-sharp, run on web-tree-sitter's
// WebAssembly runtime: no .NET SDK, no NuGet, no native build). It parses; it does not resolve types or
// references, so it catches malformed code, not code that would fail to compile against its packages.
//
//   node scripts/check-csharp-syntax.mjs DIR...    exits 1 and names file:line:column of every error
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Language, Parser } from 'web-tree-sitter';

const require = createRequire(import.meta.url);
await Parser.init();
const parser = new Parser();
parser.setLanguage(await Language.load(require.resolve('tree-sitter-c-sharp/tree-sitter-c_sharp.wasm')));

/** Where the parser had to invent (MISSING) or skip (ERROR) something: "line:column what". */
function problems(source) {
  const found = [];
  const visit = (node) => {
    if (node.isError || node.isMissing) {
      const { row, column } = node.startPosition;
      const what = node.isMissing ? `missing ${node.type}` : `unexpected ${JSON.stringify(node.text.slice(0, 60))}`;
      found.push(`${row + 1}:${column + 1} ${what}`);
      return;
    }
    if (node.hasError) {
      for (const child of node.children) visit(child);
    }
  };
  visit(parser.parse(source).rootNode);
  return found;
}

// The checker must see a broken file as broken, and this generator's modern C# as fine.
const selfTest = {
  'class A { void M() { int x = ; } }': false,
  'class A { void M( { } }': false,
  '#nullable enable\nclass A { string? S { get; init; } void M() { var y = S!; if (y is not null) { } } }': true,
};
for (const [source, valid] of Object.entries(selfTest)) {
  if ((problems(source).length === 0) !== valid) {
    console.error(`C# syntax check: self-test failed on ${JSON.stringify(source)}`);
    process.exit(2);
  }
}

const files = [];
const walk = (path) => {
  if (statSync(path).isDirectory()) {
    for (const name of readdirSync(path).sort()) walk(join(path, name));
  } else if (path.endsWith('.cs')) {
    files.push(path);
  }
};
const roots = process.argv.slice(2);
if (roots.length === 0) {
  console.error('usage: node scripts/check-csharp-syntax.mjs DIR...');
  process.exit(2);
}
roots.forEach(walk);
if (files.length === 0) {
  console.error(`C# syntax check: no .cs files under ${roots.join(', ')}`);
  process.exit(1);
}

let failed = 0;
for (const file of files) {
  for (const problem of problems(readFileSync(file, 'utf8'))) {
    console.error(`${file}:${problem}`);
    failed++;
  }
}
if (failed > 0) {
  console.error(`C# syntax check: ${failed} syntax errors in ${files.length} files`);
  process.exit(1);
}
console.log(`C# syntax check: ${files.length} files parse without errors (tree-sitter-c-sharp)`);
