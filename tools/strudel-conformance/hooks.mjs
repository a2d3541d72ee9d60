// Node module-resolution hook. @strudel/core's bundle imports `SalatRepl` from
// @kabelsalat/web, whose package.json has no "exports" and whose "main" is an IIFE
// bundle, so Node cannot load it as ESM. We never use the REPL, so replace that
// module with a stub exporting an inert class.
const STUB = 'data:text/javascript,export class SalatRepl {}';
export async function resolve(specifier, context, nextResolve) {
  if (specifier === '@kabelsalat/web') return { url: STUB, shortCircuit: true };
  return nextResolve(specifier, context);
}
