// The dashboard's page ships as plain files beside its compiled module: tsc copies no such files, so the build does.
import { cpSync } from 'node:fs';

cpSync('lib/nest/dashboard/assets', 'dist/nest/dashboard/assets', { recursive: true });
