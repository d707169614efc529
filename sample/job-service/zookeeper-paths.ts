/** Where the job service keeps its coordination state in ZooKeeper (under the client's chroot, if any). */
export const ZK_PATHS = {
  /** The election deciding which instance dispatches jobs and runs the cleanup. */
  leader: '/job-service/leader',
  /** JSON feature flags every instance follows. */
  flags: '/job-service/flags',
  /** The lock that keeps the nightly report to one instance at a time. */
  nightlyReportLock: '/job-service/locks/nightly-report',
  /** Per-invoice locks: `/job-service/locks/invoices/<id>`. */
  invoiceLock: (invoiceId: string): string => `/job-service/locks/invoices/${invoiceId}`,
} as const;

/** The service name the instances register under, in `/services` (Curator x-discovery and Spring Cloud's layout). */
export const JOB_SERVICE = 'job-service';
