#!/usr/bin/env node
// The berth CLI: the same commands as the action, for Jenkins and other CI systems (see README).
import '../dist/cli/index.js';
