import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { CatalogService } from '../catalog/catalog.service';
import { AppConfig } from '../config/app-config';
import { UsersService } from '../users/users.service';

const DEMO_PRODUCTS = [
  { sku: 'MUG-BLUE', name: 'Blue mug', description: 'Stoneware mug, 350 ml', unitAmount: 1299 },
  { sku: 'TEE-LOGO-M', name: 'Logo T-shirt (M)', description: 'Organic cotton', unitAmount: 2500 },
  { sku: 'STICKER-PACK', name: 'Sticker pack', description: 'Ten vinyl stickers', unitAmount: 499 },
  { sku: 'NOTEBOOK-A5', name: 'A5 notebook', description: 'Dotted, 120 pages', unitAmount: 899 },
];

export interface DemoCredentials {
  email: string;
  password: string;
}

/**
 * First-run experience outside production: on an empty database, a few products and an admin,
 * so a new user can try every route from Swagger UI at once.
 */
@Injectable()
export class DemoDataService {
  private readonly logger = new Logger('Demo');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly users: UsersService,
    private readonly catalog: CatalogService,
    private readonly config: AppConfig,
  ) {}

  /**
   * Bootstrap admin (any environment) and, on an empty dev database, demo data. Instances booting
   * together on one empty database take turns under a transaction-scoped advisory lock (safe
   * through PgBouncer, unlike a session lock): the first seeds, the others find it done. The
   * writes themselves go through the services (each commits on its own); the transaction only
   * holds the lock, and seeding resumes where a failed boot stopped.
   */
  prepare(): Promise<DemoCredentials | undefined> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query(`SELECT pg_advisory_xact_lock(hashtext('orderpay.demo-data'))`);
      return this.seed();
    });
  }

  private async seed(): Promise<DemoCredentials | undefined> {
    const admin = this.config.auth.bootstrapAdmin;
    if (admin) await this.users.ensureAdmin(admin.email, admin.password);
    if (this.config.isProduction) return undefined;
    // A catalog holding anything but demo products is a shop's own: leave it alone. Otherwise add
    // what is missing, so a first boot that died half-way is completed by the next one.
    const demoSkus = DEMO_PRODUCTS.map((product) => product.sku);
    const present = await this.catalog.existingSkus(demoSkus);
    if ((await this.catalog.count()) > present.length) return undefined;
    for (const product of DEMO_PRODUCTS) {
      if (!present.includes(product.sku)) await this.catalog.create(product);
    }
    if (admin || (await this.users.countAdmins()) > 0) return undefined;
    const demoAdmin = { email: 'admin@orderpay.local', password: `demo-${randomBytes(9).toString('base64url')}` };
    await this.users.ensureAdmin(demoAdmin.email, demoAdmin.password);
    this.logger.log(`Created ${DEMO_PRODUCTS.length} demo products and the demo admin ${demoAdmin.email}`);
    return demoAdmin;
  }
}
