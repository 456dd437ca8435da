# The production image: the web app under gunicorn, and the same image runs the
# Celery worker and beat (see docker-compose.yml).
FROM python:3.12-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app
RUN useradd --system --create-home --home-dir /home/app app

COPY requirements.txt .
RUN pip install -r requirements.txt

COPY . .
# Hashed, compressed static files for whitenoise. The key and host are
# placeholders for this build step only; the real ones come from the environment.
RUN SECRET_KEY=collectstatic-only ALLOWED_HOSTS=build python manage.py collectstatic --noinput \
    && mkdir -p /app/var/celery && chown -R app:app /app/var

USER app
EXPOSE 8000
CMD ["gunicorn", "-c", "python:ecosystem.gunicorn_conf", "ecosystem.wsgi"]
