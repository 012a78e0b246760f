#!/usr/bin/env node
// The CLI is TypeScript (src/cli); tsx compiles it on the fly so `npx suanpan` needs no build step.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/run.ts');
