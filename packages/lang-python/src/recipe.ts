import { installerOwned, type ImageRecipe } from '@llmsb/core';

/** Virtual environment baked into the image: sees Debian's packages; pip installs into it as the installer. */
export const VENV = '/opt/llmsb/venv';
const MPL_CONFIG = '/opt/llmsb/matplotlib';

/** The Python image: Debian's python3 3.11 with the data-science stack preinstalled. */
export const pythonRecipe: ImageRecipe = {
  repository: 'llmsb/python',
  aptPackages: [
    'python3',
    'python3-pip',
    'python3-venv',
    'python3-numpy',
    'python3-pandas',
    'python3-matplotlib',
    'python3-seaborn',
    'python3-plotly',
    // Interactive sessions: a real Jupyter kernel and the client the in-sandbox bridge speaks to it with.
    'python3-ipykernel',
    'python3-jupyter-client',
  ],
  setup: [
    `python3 -m venv --system-site-packages ${VENV} && ${installerOwned(VENV)}`,
    // Matplotlib builds its font cache on first import (seconds); do it once, here.
    `install -d -o sandbox -g sandbox ${MPL_CONFIG} && runuser -u sandbox -- env MPLCONFIGDIR=${MPL_CONFIG} MPLBACKEND=Agg python3 -c "import matplotlib.pyplot"`,
  ],
  // Matplotlib's config and font cache: the code's to write, starting with the cache built above.
  scratch: { owned: [MPL_CONFIG], seeded: [MPL_CONFIG] },
  env: {
    PATH: `${VENV}/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin`,
    VIRTUAL_ENV: VENV,
    MPLCONFIGDIR: MPL_CONFIG,
    MPLBACKEND: 'Agg',
    PIP_CACHE_DIR: '/tmp/pip-cache',
    PIP_DISABLE_PIP_VERSION_CHECK: '1',
  },
};
