from django.contrib.auth.views import LoginView

from mahalleh.accounts.forms import LockoutAuthenticationForm


class MahallehLoginView(LoginView):
    form_class = LockoutAuthenticationForm
    redirect_authenticated_user = True
