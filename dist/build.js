// berth-dev/berth/build: written by scripts/action-entries.mjs.
globalThis.berthAction = "build";
await import('./index.js');
