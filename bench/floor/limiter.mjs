// A bounded, adaptive, prioritised queue for engine calls.
//
// Why adaptive: on a 2-core machine the engine's container start is CPU-bound (~300 ms of
// work), so firing 50 starts at once is slower than 4-8 at a time (the engine competes with
// itself), while a fixed limit of 1-2 leaves the engine idle between calls. The limiter grows
// the limit by one each time a full window of calls completes near the best latency seen for
// that kind of call, and shrinks it by a quarter when calls take much longer than that best.
//
// Why prioritised: a task's priority is its depth in the dependency graph, so the starts of
// layer 0 never queue behind the creates of layer 4.
import { performance } from 'node:perf_hooks';

export class Limiter {
  /** `fixed`: a number pins the limit (no adaptation); undefined adapts between min and max. */
  constructor({ fixed, initial = 4, min = 2, max = 12 } = {}) {
    this.adaptive = fixed === undefined;
    this.limit = fixed ?? initial;
    this.min = fixed ?? min;
    this.max = fixed ?? max;
    this.running = 0;
    this.queue = [];
    this.sequence = 0;
    this.best = new Map();
    this.completedInWindow = 0;
    this.peak = 0;
    this.trace = [];
  }

  /** Runs `task()` when a slot is free and no task of a lower `priority` waits. */
  run(kind, priority, task) {
    return new Promise((resolve, reject) => {
      this.queue.push({ kind, priority, order: this.sequence++, task, resolve, reject });
      this.pump();
    });
  }

  pump() {
    while (this.running < Math.floor(this.limit) && this.queue.length > 0) {
      let next = 0;
      for (let i = 1; i < this.queue.length; i++) {
        const a = this.queue[i];
        const b = this.queue[next];
        if (a.priority < b.priority || (a.priority === b.priority && a.order < b.order)) next = i;
      }
      const [item] = this.queue.splice(next, 1);
      this.start(item);
    }
  }

  start(item) {
    this.running++;
    this.peak = Math.max(this.peak, this.running);
    const began = performance.now();
    Promise.resolve()
      .then(item.task)
      .then(
        (value) => {
          this.finished(item.kind, performance.now() - began);
          item.resolve(value);
        },
        (error) => {
          this.finished(item.kind, performance.now() - began);
          item.reject(error);
        },
      );
  }

  finished(kind, latency) {
    this.running--;
    if (this.adaptive) this.adapt(kind, latency);
    this.pump();
  }

  adapt(kind, latency) {
    const best = Math.min(this.best.get(kind) ?? latency, latency);
    this.best.set(kind, best);
    if (latency > best * 3 && this.limit > this.min) {
      this.limit = Math.max(this.min, Math.floor(this.limit * 0.75));
      this.completedInWindow = 0;
      this.trace.push(this.limit);
    } else if (latency < best * 1.5 && ++this.completedInWindow >= this.limit) {
      this.limit = Math.min(this.max, this.limit + 1);
      this.completedInWindow = 0;
      this.trace.push(this.limit);
    }
  }
}
