#!/usr/bin/env node
// The package's `hostflow` bin: TypeScript runs through tsx, so `npx hostflow` needs no build step.
import { register } from 'tsx/esm/api';

register();
await import('./main.ts');
