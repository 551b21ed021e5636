export { clip, commandLine, duration, tokens } from '../../../src-shared/log/text';
