# dpc in a container: `docker run --rm -v "$PWD:/repo" dataos-dpc lint`
FROM python:3.11-slim

# git: dpc diff and mark-deployed read the repository's history
# hadolint ignore=DL3008
RUN apt-get update \
 && apt-get install -y --no-install-recommends git \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /opt/dpc
COPY pyproject.toml README.md LICENSE ./
COPY compiler ./compiler
COPY schemas ./schemas
RUN pip install --no-cache-dir . \
 && useradd --create-home --uid 10001 dpc \
 && git config --system --add safe.directory /repo

USER 10001
WORKDIR /repo
ENTRYPOINT ["dpc"]
CMD ["lint"]
