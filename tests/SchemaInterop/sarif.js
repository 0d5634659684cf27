// Checks SARIF files written by `jit validate --format sarif` with Microsoft's SARIF multitool (an independent
// validator: the SARIF 2.1.0 JSON schema plus its own rules). The multitool exits 0 whatever it finds, so this reads
// its log and fails on any error-level result; warnings (advice such as "add an informationUri") are printed.
// Usage: node sarif.js FILE.sarif [EXPECTED_RESULT_COUNT]
const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const [file, expected] = process.argv.slice(2);
if (!file) {
  console.error('usage: node sarif.js FILE.sarif [EXPECTED_RESULT_COUNT]');
  process.exit(2);
}

const log = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'sarif-')), 'validation.sarif');
const tool = path.join(__dirname, 'node_modules', '.bin', 'sarif-multitool');
const run = spawnSync(tool, ['validate', file, '--output', log, '--log', 'ForceOverwrite'], { encoding: 'utf8' });
if (run.status !== 0 || !fs.existsSync(log)) {
  console.error(`sarif-multitool failed (exit ${run.status})`, run.error ?? '', run.stdout, run.stderr);
  process.exit(1);
}

const findings = JSON.parse(fs.readFileSync(log, 'utf8')).runs.flatMap(r => r.results ?? []);
const text = f => `${f.ruleId} ${f.level ?? 'warning'}: ${f.message.text ?? JSON.stringify(f.message)}`;
const errors = findings.filter(f => f.level === 'error');
findings.filter(f => f.level !== 'error').forEach(f => console.log(`sarif: advice ${text(f)}`));
errors.forEach(f => console.error(`sarif: INVALID ${text(f)}`));

const results = JSON.parse(fs.readFileSync(file, 'utf8')).runs.flatMap(r => r.results ?? []).length;
if (expected !== undefined && results !== Number(expected)) {
  console.error(`sarif: ${results} results, expected ${expected}`);
  process.exit(1);
}

console.log(`sarif: ${file}: ${results} results; multitool: ${errors.length} errors, ${findings.length - errors.length} advice`);
process.exit(errors.length > 0 ? 1 : 0);
