# syntax=docker/dockerfile:1
# tbtwatch: web app + scheduler (`tbtwatch serve`). Build: docker build -t tbtwatch .

FROM python:3.11-slim-bookworm AS build
WORKDIR /src
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
COPY pyproject.toml README.md ./
COPY config ./config
COPY crawlers ./crawlers
COPY models ./models
COPY warning ./warning
COPY alerts ./alerts
RUN python -m venv /opt/tbtwatch \
 && /opt/tbtwatch/bin/pip install ".[postgres]"

FROM python:3.11-slim-bookworm AS runtime
LABEL org.opencontainers.image.title="tbtwatch" \
      org.opencontainers.image.description="Early warning on technical barriers to trade"
RUN groupadd --system --gid 10001 tbtwatch \
 && useradd --system --uid 10001 --gid tbtwatch --home-dir /var/lib/tbtwatch --create-home tbtwatch
COPY --from=build /opt/tbtwatch /opt/tbtwatch
ENV PATH="/opt/tbtwatch/bin:$PATH" \
    PYTHONUNBUFFERED=1 \
    TBTWATCH_DATA_DIR=/var/lib/tbtwatch \
    TBTWATCH_ENVIRONMENT=production
USER 10001
WORKDIR /var/lib/tbtwatch
VOLUME ["/var/lib/tbtwatch"]
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["python", "-c", "import urllib.request,sys; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4).status != 200)"]
ENTRYPOINT ["tbtwatch"]
CMD ["serve", "--host", "0.0.0.0", "--port", "8000"]
