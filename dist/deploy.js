// berth-dev/berth/deploy: written by scripts/action-entries.mjs.
globalThis.berthAction = "deploy";
await import('./index.js');
