// Prints one closing line from vitest JSON reports: "N passed, N failed, N skipped". A test that
// was skipped because its file failed (a beforeAll that threw) is a failure, not a skip: it never
// ran, and it must not hide in the skipped count. A report that is missing counts as a failure.
import { existsSync, readFileSync } from 'node:fs';

let passed = 0;
let failed = 0;
let skipped = 0;
for (const file of process.argv.slice(2)) {
  if (!existsSync(file)) {
    failed += 1;
    continue;
  }
  const report = JSON.parse(readFileSync(file, 'utf8'));
  let counted = 0;
  for (const suite of report.testResults ?? []) {
    for (const test of suite.assertionResults ?? []) {
      if (test.status === 'passed') passed += 1;
      else if (test.status === 'failed' || suite.status === 'failed') failed += 1;
      else skipped += 1;
      counted += 1;
    }
    // A file that failed before collecting any test (an import error) has no assertion results.
    if (suite.status === 'failed' && (suite.assertionResults ?? []).length === 0) failed += 1;
  }
  if (counted === 0 && !report.success) failed += 1;
}
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exitCode = failed > 0 ? 1 : 0;
