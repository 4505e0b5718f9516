// berth-dev/berth/deploy-static: written by scripts/action-entries.mjs.
globalThis.berthAction = "deploy-static";
await import('./index.js');
