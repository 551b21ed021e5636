/**
 * Bad input from the person (task, repo, agents, config): one message naming the problem, shown as is,
 * and nothing has been started when it is thrown.
 */
export class UserInputError extends Error {
  override readonly name = 'UserInputError';
  constructor(
    message: string,
    readonly code = 'bad_input',
  ) {
    super(message);
  }
}
