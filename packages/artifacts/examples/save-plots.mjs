// Runs the seed's matplotlib + seaborn + plotly example and saves every plot and file to ./plots.
// From packages/artifacts after `pnpm build`: node examples/save-plots.mjs
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { createArtifactSession } from '@llmsb/artifacts';

const code = `
import os
import matplotlib.pyplot as plt
import seaborn as sns
import plotly.express as px
import pandas as pd
import numpy as np

plt.figure(figsize=(10, 6))
x = np.linspace(0, 10, 100)
plt.plot(x, np.sin(x))
plt.title('Matplotlib: Sine Wave')
plt.show()

data = pd.DataFrame({'x': np.random.randn(100), 'y': np.random.randn(100)})
sns.scatterplot(data=data, x='x', y='y')
plt.title('Seaborn: Scatter Plot')
plt.show()

fig = px.line(data, x='x', y='y', title='Plotly: Line Plot')
fig.show()

data.to_csv(os.path.join(os.environ['LLMSB_ARTIFACTS_DIR'], 'data.csv'))
`;

const session = await createArtifactSession({ backend: 'docker', lang: 'python' });
try {
  const result = await session.run(code);
  await mkdir('plots', { recursive: true });
  for (const [i, plot] of result.plots.entries()) {
    const path = join('plots', `${String(i + 1).padStart(6, '0')}.${plot.format}`);
    await writeFile(path, Buffer.from(plot.contentBase64, 'base64'));
    console.log(path, plot.width ? `${plot.width}x${plot.height} px at ${plot.dpi} dpi` : '');
  }
  for (const file of result.files) {
    const path = join('plots', 'files', file.path);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, Buffer.from(file.contentBase64, 'base64'));
    console.log(path, file.mimeType);
  }
  for (const skipped of result.skippedArtifacts) console.warn('not returned:', skipped);
} finally {
  await session.close();
}
