// The time source is injected so that tests run the real app on a fixed or moving date.
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
