// berth-dev/berth/comment: written by scripts/action-entries.mjs.
globalThis.berthAction = "comment";
await import('./index.js');
