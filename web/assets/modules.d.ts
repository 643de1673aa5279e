// Browser libraries that ship without type declarations.
declare module 'dkfds' {
  export function init(options?: unknown): void;
}
