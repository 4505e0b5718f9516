// berth-dev/berth/quality-gate: written by scripts/action-entries.mjs.
globalThis.berthAction = "quality-gate";
await import('./index.js');
