// berth-dev/berth/plan: written by scripts/action-entries.mjs.
globalThis.berthAction = "plan";
await import('./index.js');
