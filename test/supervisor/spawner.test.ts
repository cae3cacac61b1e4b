// The spawner contract against the Node adapter (child_process.fork). The
// utilityProcess adapter keeps the same contract; Electron cannot run here.
import { nodeSpawner } from '../../server/supervisor/spawner.js';
import { spawnerContract } from './spawner-contract.js';

spawnerContract('child_process.fork', nodeSpawner);
