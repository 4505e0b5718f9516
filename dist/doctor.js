// berth-dev/berth/doctor: written by scripts/action-entries.mjs.
globalThis.berthAction = "doctor";
await import('./index.js');
