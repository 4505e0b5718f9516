// berth-dev/berth/rollback: written by scripts/action-entries.mjs.
globalThis.berthAction = "rollback";
await import('./index.js');
