// Fixture: a NestJS app (Express platform) under the helper, written with Nest's decorators called
// as functions (plain JS has no decorator syntax). `defer(() => app.close())`: on shutdown Nest runs
// its lifecycle hooks and closes the HTTP server, which lets the in-flight request finish. The
// request handler takes argv[2] ms.
import { runMain } from './graceful-shutdown.mjs';
import 'reflect-metadata';
import { setTimeout as delay } from 'node:timers/promises';
import { Controller, Get, Injectable, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';

const delayMs = Number(process.argv[2] ?? 1500);

class AppController {
  async slow() {
    console.log('request /slow');
    await delay(delayMs);
    return 'hello /slow';
  }
}
Controller()(AppController);
Get('slow')(AppController.prototype, 'slow', Object.getOwnPropertyDescriptor(AppController.prototype, 'slow'));

class Lifecycle {
  onModuleDestroy() {
    console.log('onModuleDestroy');
  }
  onApplicationShutdown() {
    console.log('onApplicationShutdown');
  }
}
Injectable()(Lifecycle);

class AppModule {}
Module({ controllers: [AppController], providers: [Lifecycle] })(AppModule);

runMain(async ({ defer, shutdown }) => {
  const app = await NestFactory.create(AppModule, { logger: false });
  defer(() => app.close());
  await app.listen(0, '127.0.0.1');
  console.log(`port=${app.getHttpServer().address().port}`);
  const reason = await shutdown;
  console.log(`shutting down (${reason})`);
});
