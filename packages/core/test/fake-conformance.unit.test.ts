import { describeBackend } from '@llmsb/core/testing';
import { FakeContainer } from '@llmsb/core/testing';

describeBackend('fake (in-memory test double)', async () => new FakeContainer('/sandbox', {}), { timeoutMs: 5_000 });
