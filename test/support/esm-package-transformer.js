/**
 * Jest transform for the ES-module-only packages of NestJS 12 (`"type": "module"`). Jest's CommonJS runtime cannot
 * load ES modules on Node < 24.9 ("Must use import to load ES Module"), so their files are compiled to CommonJS here.
 * Node itself loads them natively (require of ESM); this exists only for the test runner.
 */
const { createHash } = require('node:crypto');
const ts = require('typescript');

const compilerOptions = {
  module: ts.ModuleKind.CommonJS,
  target: ts.ScriptTarget.ES2022,
  esModuleInterop: true,
  inlineSourceMap: true,
};

/**
 * `import.meta` has no CommonJS equivalent the compiler would emit: give it the members Nest 12 uses. A module's
 * own `const require = createRequire(import.meta.url)` would clash with CommonJS's `require`, which does the same.
 */
function replaceImportMeta(source) {
  return source
    .replace(/^\s*const require = createRequire\(import\.meta\.url\);\s*$/m, '')
    .replace(/\bimport\.meta\.url\b/g, "require('node:url').pathToFileURL(__filename).href")
    .replace(/\bimport\.meta\.resolve\b/g, 'require.resolve')
    .replace(/\bimport\.meta\.dirname\b/g, '__dirname')
    .replace(/\bimport\.meta\.filename\b/g, '__filename');
}

module.exports = {
  process(source, filename) {
    const { outputText } = ts.transpileModule(replaceImportMeta(source), { compilerOptions, fileName: filename });
    return { code: outputText };
  },
  getCacheKey(source, filename) {
    return createHash('sha256').update('esm-package-transformer-1').update(filename).update(source).digest('hex');
  },
};
