/**
 * Whether a TypeScript source has any code left once its types are erased.
 * Stryker finds no mutant in a file of interfaces and type aliases, runs no
 * test, and exits with an error (a ConfigError, "No tests were executed");
 * such a file is recorded as measured with no mutants instead.
 */
import ts from 'typescript';

export function hasRuntimeCode(source: string): boolean {
  const js = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, removeComments: true, verbatimModuleSyntax: false },
    reportDiagnostics: false,
  }).outputText;
  // what erasing types leaves of a module with no values: an empty export marker
  return js.replace(/export\s*\{\s*\};?/g, '').trim() !== '';
}
