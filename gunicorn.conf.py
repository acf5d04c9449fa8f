# gunicorn reads this file from the working directory (/app in the image).
# The access log goes to stdout; requests that file an anonymous report or use a
# follow-up code are logged without who sent them (avvik/access_log.py).
accesslog = "-"
logger_class = "avvik.access_log.PrivacyLogger"
