import { memoryHandoffStore } from '#adapters/memory-handoff-store';
import { describeStorePorts } from './port-suite.ts';

// One twin table for the whole file, as the DynamoDB suite shares one table: tests must not rely on an empty store.
const store = memoryHandoffStore();
describeStorePorts('the in-memory twin', () => store);
