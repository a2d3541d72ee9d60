// Loads @strudel/core and @strudel/mini under Node (see hooks.mjs).
import { register } from 'node:module';
register('./hooks.mjs', import.meta.url);
export const core = await import('@strudel/core');
export const { mini } = await import('@strudel/mini');
