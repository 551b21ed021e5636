export type { LineTone } from '../../../src-shared/log/tone';
