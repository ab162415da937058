import { ConfigModule as NestConfigModule } from '@nestjs/config';
import path from 'node:path';
import { AppConfig, loadConfig } from './app-config';

/**
 * The configuration main.ts starts with: `.env` in the working folder read by @nestjs/config as in
 * any NestJS service (dotenv syntax; a variable set in the real environment wins over the file;
 * the file's variables reach process.env, so libraries such as pg see PG* variables), validated by
 * the class-validator schema, and turned into the one typed AppConfig the app injects.
 *
 * NODE_ENV=test (Jest sets it) never reads `.env`: tests must not depend on a developer's file.
 */
export async function loadConfigWithEnvFile(envFilePath = path.resolve('.env')): Promise<AppConfig> {
  let config: AppConfig | undefined;
  await NestConfigModule.forRoot({
    envFilePath,
    ignoreEnvFile: process.env.NODE_ENV === 'test',
    validate: (merged) => {
      config = loadConfig(merged as Record<string, string | undefined>);
      // Returned unchanged, so process.env receives the file's text as written (dotenv's behaviour).
      return merged;
    },
  });
  return config!;
}
