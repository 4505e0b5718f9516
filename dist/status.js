// berth-dev/berth/status: written by scripts/action-entries.mjs.
globalThis.berthAction = "status";
await import('./index.js');
