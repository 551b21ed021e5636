export { describeEntry, type EntryText } from '../../../src-shared/log/describe-entry';
