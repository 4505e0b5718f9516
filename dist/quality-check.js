// berth-dev/berth/quality-check: written by scripts/action-entries.mjs.
globalThis.berthAction = "quality-check";
await import('./index.js');
