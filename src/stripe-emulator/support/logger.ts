/** The logger callers inject; the emulator never writes to the console on its own. */
export type EmulatorLogger = (message: string, fields?: Record<string, unknown>) => void;

export const silentLogger: EmulatorLogger = () => undefined;
