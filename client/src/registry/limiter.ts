// A counting semaphore and an abortable wait, both honouring AbortSignal.
import { RegistryError } from './errors';

export class Limiter {
  private active = 0;
  private readonly waiting: { start: () => void }[] = [];

  constructor(private readonly max: number) {}

  async run<T>(task: () => Promise<T>, signal: AbortSignal | undefined, what: string): Promise<T> {
    await this.acquire(signal, what);
    try {
      return await task();
    } finally {
      this.release();
    }
  }

  private acquire(signal: AbortSignal | undefined, what: string): Promise<void> {
    if (signal?.aborted) return Promise.reject(cancelledError(what));
    if (this.active < this.max) {
      this.active++;
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const onAbort = (): void => {
        const index = this.waiting.indexOf(entry);
        if (index !== -1) this.waiting.splice(index, 1);
        reject(cancelledError(what));
      };
      const entry = {
        start: (): void => {
          signal?.removeEventListener('abort', onAbort);
          this.active++;
          resolve();
        },
      };
      this.waiting.push(entry);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  private release(): void {
    this.active--;
    this.waiting.shift()?.start();
  }
}

export function abortableDelay(ms: number, signal: AbortSignal | undefined, what: string): Promise<void> {
  if (signal?.aborted) return Promise.reject(cancelledError(what));
  return new Promise<void>((resolve, reject) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(cancelledError(what));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export function cancelledError(what: string): RegistryError {
  return new RegistryError('cancelled', `the request to ${what} was cancelled`, { registry: what });
}
