export * from './client';
export * from './nest';
