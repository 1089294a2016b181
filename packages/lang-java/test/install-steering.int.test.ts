// Maven installs the code cannot steer: settings, .mvn folders and mavenrc files the code wrote
// are not read, and the repository and jars are the installer's (real engine, the real repository).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSession, PluginRegistry } from '@llmsb/core';
import { connectDocker, dockerBackend, imageExists, recipeImageTag } from '@llmsb/backend-docker';
import { bridgeGateway, plantFiles, serveTrap, type Trap } from '@llmsb/backend-docker/testing';
import { java, javaRecipe, MAVEN_REPOSITORY } from '@llmsb/lang-java';

let trap: Trap;
beforeAll(async () => {
  const image = recipeImageTag(javaRecipe);
  if (!(await imageExists((await connectDocker()).docker, image))) throw new Error(`${image} is missing: run \`pnpm llmsb images build java\`.`);
  trap = await serveTrap(await bridgeGateway());
});
afterAll(() => trap?.close());

describe('Maven installs the code cannot steer', () => {
  it('reads no settings.xml, .mvn/ or mavenrc the code wrote, and the code cannot write the repository', async () => {
    await using session = await createSession({ lang: 'java' }, new PluginRegistry().use(dockerBackend(), java()));
    const settings = `<settings><mirrors><mirror><id>evil</id><mirrorOf>*</mirrorOf><url>${trap.url}m2</url></mirror></mirrors></settings>`;
    const config = `-s /tmp/evil-settings.xml\n`;
    const rc = 'touch /tmp/llmsb-hook-mavenrc\n';
    const planted = await plantFiles(session, {
      '/home/sandbox/.m2/settings.xml': settings,
      '/tmp/evil-settings.xml': settings,
      '/sandbox/.mvn/maven.config': config,
      '/sandbox/.mvn/jvm.config': '-Dllmsb.evil=1\n',
      '/tmp/.mvn/maven.config': config,
      '/home/sandbox/.mavenrc': rc,
      [`${MAVEN_REPOSITORY}/com/google/code/gson/gson/2.10.1/gson-2.10.1.pom`]: '<project/>',
    });
    expect(planted).toContain('/home/sandbox/.m2/settings.xml ok\n');
    expect(planted).toContain('/tmp/.mvn/maven.config ok\n');
    const failure = await session.install(['com.google.code.gson:gson:2.10.1']).catch((error: unknown) => error);
    expect(trap.hits()).toEqual([]);
    expect((await session.executeCommand('ls /tmp/llmsb-hook-mavenrc')).exitCode).not.toBe(0);
    expect(failure).toBeUndefined();
    expect(planted).toContain(`${MAVEN_REPOSITORY}/com/google/code/gson/gson/2.10.1/gson-2.10.1.pom denied\n`);
    const run = await session.run(
      'import com.google.gson.Gson;\npublic class Main { public static void main(String[] a) { System.out.println(new Gson().toJson(1)); } }',
    );
    expect(run).toMatchObject({ exitCode: 0, stdout: '1\n' });
  });
});
