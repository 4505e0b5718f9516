// berth-dev/berth/coverage: written by scripts/action-entries.mjs.
globalThis.berthAction = "coverage";
await import('./index.js');
