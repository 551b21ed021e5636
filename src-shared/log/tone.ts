/** How a line reads at a glance: milestones stand out, errors and warnings are coloured, noise is muted. */
export type LineTone = 'plain' | 'milestone' | 'warning' | 'error' | 'muted';
